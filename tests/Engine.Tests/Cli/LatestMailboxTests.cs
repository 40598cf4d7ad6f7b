// The explorer's single-slot mailbox (issue 25): a put replaces what waits (latest wins), a take gets the newest and
// empties the slot, and a take waits for a put.
namespace Engine.Tests.Cli;

using Engine.Cli.Explore;

public class LatestMailboxTests
{
    [Test]
    public async Task TheNewestItemWinsAndTheSlotHoldsOne()
    {
        var mailbox = new LatestMailbox<string>();
        Assert.That(mailbox.Put("a"), Is.False);
        Assert.That(mailbox.Put("b"), Is.True, "b replaced a, which nobody took");
        Assert.That(mailbox.Put("c"), Is.True);
        Assert.That(await mailbox.TakeAsync(CancellationToken.None), Is.EqualTo("c"));
        var waiting = mailbox.TakeAsync(CancellationToken.None);
        Assert.That(waiting.IsCompleted, Is.False, "the slot is empty after a take");
        Assert.That(mailbox.Put("d"), Is.False);
        Assert.That(await waiting.WaitAsync(TimeSpan.FromSeconds(10)), Is.EqualTo("d"));
    }

    [Test]
    public async Task ManyWritersOneReaderNeverSeeAnOlderItemAfterANewerOne()
    {
        var mailbox = new LatestMailbox<int[]>();
        int last = -1, taken = 0;
        using var stop = new CancellationTokenSource();
        var reader = Task.Run(async () =>
        {
            while (last < 9_999)
            {
                int value = (await mailbox.TakeAsync(stop.Token))[0];
                Assert.That(value, Is.GreaterThan(last));
                (last, taken) = (value, taken + 1);
            }
        });
        for (int i = 0; i < 10_000; i++) mailbox.Put([i]);
        await reader.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.That(taken, Is.InRange(1, 10_000));
    }
}
