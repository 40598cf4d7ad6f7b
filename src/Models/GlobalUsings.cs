// Usings shared by every file of Engine.Models.
global using Engine.Autograd;
global using Engine.Kernels;
global using Engine.Nn;
