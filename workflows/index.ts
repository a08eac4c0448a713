// Every workflow the worker registers. Each job lives in its own module.
export {};
