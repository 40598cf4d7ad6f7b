// Usings shared by every file of Engine.Kernels.
global using System.Numerics;
global using System.Runtime.CompilerServices;
