// Pins the data every test sees to the bundled sample (data/fashion-mnist): $ENGINE_DATA is cleared and the system
// dataset is hidden for the whole run, so results never depend on what the machine has installed. Restored at the end.
using Engine.Nn.Data;

/// <summary>Assembly-wide (no namespace): runs before any test and after all of them.</summary>
[SetUpFixture]
public sealed class PinnedDataSource
{
    private string? _savedData;
    private string? _savedHide;

    [OneTimeSetUp]
    public void PinToTheBundledSample()
    {
        _savedData = Environment.GetEnvironmentVariable(FashionMnist.EnvironmentVariable);
        _savedHide = Environment.GetEnvironmentVariable(FashionMnist.HideSystemVariable);
        Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, null);
        Environment.SetEnvironmentVariable(FashionMnist.HideSystemVariable, "1");
    }

    [OneTimeTearDown]
    public void Restore()
    {
        Environment.SetEnvironmentVariable(FashionMnist.EnvironmentVariable, _savedData);
        Environment.SetEnvironmentVariable(FashionMnist.HideSystemVariable, _savedHide);
    }
}
