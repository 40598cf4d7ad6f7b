// What a RecordingBackend reports to: each primitive it ran, by name, with a detail and its wall time.
namespace Engine.Kernels.Recording;

/// <summary>Told of every primitive a <see cref="RecordingBackend"/> runs: its IBackend method ("Unary"), a detail ("Sigmoid", a conv's geometry) and its wall time.</summary>
public interface IPrimitiveObserver
{
    void OnPrimitive(string primitive, string detail, double milliseconds);
}
