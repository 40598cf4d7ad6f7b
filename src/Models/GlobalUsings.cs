// Usings shared by every file of Engine.Models.
global using Engine.Kernels;
global using Engine.Nn;
