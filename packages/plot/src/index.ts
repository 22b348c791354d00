// Public surface of @operando/plot.
export {};
