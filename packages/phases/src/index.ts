// Public surface of @operando/phases.
export {};
