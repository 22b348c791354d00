// Public surface of @operando/eis.
export {};
