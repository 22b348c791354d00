// Public surface of @operando/crystal.
export {};
