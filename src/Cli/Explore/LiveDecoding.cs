// One client's live pointer socket: the receive loop puts every move in a single-slot mailbox (latest wins) and the decode
// loop takes the newest, decodes it in one forward and sends the image, so a fast pointer never queues work: decodes never
// outnumber moves, and the last move is the last image sent. Messages in: {"seq": n, "z": [Z numbers], "class": k?};
// out: {"seq": n, "image": DecodedImage} or {"seq": n, "error": "one line"}.
namespace Engine.Cli.Explore;

using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Engine.Models.Training;

internal sealed class LiveDecoding(ExploreServer server, WebSocket socket)
{
    private const int MaxMessage = 64 * 1024;
    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web);

    private sealed record Move(long Seq, float[]? Code, int? Class, string? Error);

    public async Task RunAsync(CancellationToken cancel)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var mailbox = new LatestMailbox<Move>();
        var decoding = DecodeLoop(mailbox, stop.Token);
        try
        {
            await ReceiveLoop(mailbox, stop.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // the page went away
        }
        finally
        {
            stop.Cancel();
            try
            {
                await decoding;
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // closed while sending, or the server is stopping
            }
        }
    }

    private async Task ReceiveLoop(LatestMailbox<Move> mailbox, CancellationToken cancel)
    {
        var buffer = new byte[MaxMessage];
        while (socket.State == WebSocketState.Open)
        {
            int length = 0;
            bool tooLong = false;
            WebSocketReceiveResult result;
            do
            {
                if (length == buffer.Length) (length, tooLong) = (0, true);   // keep reading to its end, then refuse it
                result = await socket.ReceiveAsync(new ArraySegment<byte>(buffer, length, buffer.Length - length), cancel);
                length += result.Count;
            }
            while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", cancel);
                return;
            }
            var move = tooLong ? new Move(-1, null, null, $"A live message is at most {MaxMessage} bytes.") : Parse(buffer.AsSpan(0, length));
            server.Stats.Move(mailbox.Put(move));
        }
    }

    private async Task DecodeLoop(LatestMailbox<Move> mailbox, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            var move = await mailbox.TakeAsync(cancel);
            object reply;
            try
            {
                if (move.Error is not null) throw new ArgumentException(move.Error);
                var image = (await server.DecodeAsync(move.Code!, move.Class, live: true))[0];
                reply = new { seq = move.Seq, image };
            }
            catch (Exception e) when (e is ArgumentException or RunFolderBusyException)
            {
                reply = new { seq = move.Seq, error = e.Message };
            }
            catch (Exception e) when (e is not OperationCanceledException and not ObjectDisposedException)
            {
                reply = new { seq = move.Seq, error = $"The decode failed ({e.GetType().Name}: {e.Message.Split('\n')[0]})." };   // the page goes on
            }
            var bytes = JsonSerializer.SerializeToUtf8Bytes(reply, s_json);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancel);
        }
    }

    private static Move Parse(ReadOnlySpan<byte> message)
    {
        long seq = -1;
        try
        {
            using var json = JsonDocument.Parse(message.ToArray());
            var root = json.RootElement;
            seq = root.GetProperty("seq").GetInt64();
            var z = root.GetProperty("z");
            if (z.ValueKind != JsonValueKind.Array) return new Move(seq, null, null, "z must be an array of numbers.");
            var code = z.EnumerateArray().Select(v => v.GetSingle()).ToArray();
            int? label = root.TryGetProperty("class", out var c) && c.ValueKind != JsonValueKind.Null ? c.GetInt32() : null;
            return new Move(seq, code, label, null);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return new Move(seq, null, null, $"A live message is {{\"seq\": n, \"z\": [numbers], \"class\": k}}; this one is not ({Encoding.UTF8.GetString(message[..Math.Min(message.Length, 80)])}).");
        }
    }
}
