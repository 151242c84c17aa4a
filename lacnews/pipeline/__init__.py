"""The composition pipeline, in call order: inputs -> validate -> content -> pictures -> render -> inline."""
