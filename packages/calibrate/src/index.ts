// Public surface of @operando/calibrate.
export {};
