// Public surface of @operando/fit.
export {};
