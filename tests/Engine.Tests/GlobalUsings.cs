// Usings shared by every test file.
global using Engine;
global using Engine.Autograd;
global using Engine.Kernels;
global using NUnit.Framework;
