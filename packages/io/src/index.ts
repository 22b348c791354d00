// Public surface of @operando/io.
export {};
