// Public surface of @operando/maps.
export {};
