// Public surface of @operando/phasefield.
export {};
