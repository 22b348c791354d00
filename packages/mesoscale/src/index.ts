// Public surface of @operando/mesoscale.
export {};
