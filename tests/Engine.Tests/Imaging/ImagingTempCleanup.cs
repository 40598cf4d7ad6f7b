// Removes the imaging tests' temp files after the run; set ENGINE_KEEP_TEST_FILES=1 to keep them for a look.
using NUnit.Framework;

namespace Engine.Tests.Imaging;

[SetUpFixture]
public class ImagingTempCleanup
{
    [OneTimeTearDown]
    public void RemoveTempFiles()
    {
        if (Environment.GetEnvironmentVariable("ENGINE_KEEP_TEST_FILES") is not (null or "" or "0"))
        {
            TestContext.Progress.WriteLine($"Imaging test files kept in {ExternalTools.TempRoot}");
            return;
        }
        if (Directory.Exists(ExternalTools.TempRoot))
        {
            Directory.Delete(ExternalTools.TempRoot, recursive: true);
        }
    }
}
