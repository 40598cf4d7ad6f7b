// Usings shared by every file of Engine.Tensor.
global using Engine.Autograd;
global using Engine.Kernels;
