// Public surface of @operando/simulate.
export {};
