// The umbrella package: the public API of every @operando package in one import.
export * from "@operando/core";
export * from "@operando/io";
export { runCli, createProgram } from "@operando/cli";
