// Usings shared by every file of Engine.Nn.
global using Engine.Kernels;
