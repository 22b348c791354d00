/** Software tag written into calibration provenance (package name and version). */
export const SOFTWARE = "@operando/calibrate 0.1.0";
