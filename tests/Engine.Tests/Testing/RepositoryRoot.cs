// The checkout's root folder (the one holding Engine.sln), found from the test assembly's folder upwards: the style,
// link and layout tests read the sources there. Outside a checkout (a published test assembly) such a test is ignored.
namespace Engine.Tests.Testing;

public static class RepositoryRoot
{
    /// <summary>The root's full path; <see cref="Assert.Ignore(string)"/> when no Engine.sln is above the test folder.</summary>
    public static string Find()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Engine.sln"))) return dir.FullName;
        }
        Assert.Ignore("the repository (Engine.sln) is not above the test folder");
        return "";
    }
}
