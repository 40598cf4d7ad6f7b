// The report's inline CSS and the inline script that flags images which failed to load (no external resources).
namespace Engine.Imaging;

internal static class ReportStyle
{
    public const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; background: #f4f5f7; color: #1f2328; font: 15px/1.5 "DejaVu Sans", Verdana, Arial, sans-serif; }
        header { background: #ffffff; border-bottom: 1px solid #d8dbe0; padding: 20px 32px 14px; }
        h1 { margin: 0; font-size: 24px; }
        .subtitle { margin: 4px 0 0; color: #57606a; }
        .warning { margin: 0 0 20px; padding: 12px 18px; border: 2px solid #cf222e; border-left-width: 8px; border-radius: 6px; background: #ffebe9; }
        .warning h2 { margin: 0 0 6px; color: #a40e26; }
        .warning ul { margin: 0 0 6px; padding-left: 20px; }
        .warning p { margin: 0; color: #57606a; font-size: 14px; }
        .note { margin: 8px 0 0; color: #57606a; font-size: 13px; max-width: 560px; }
        main { padding: 20px 32px 40px; max-width: 1600px; }
        h2 { font-size: 17px; margin: 0 0 10px; }
        .tables { display: flex; flex-wrap: wrap; gap: 24px; margin-bottom: 28px; }
        .card { background: #ffffff; border: 1px solid #d8dbe0; border-radius: 6px; padding: 14px 18px; }
        table { border-collapse: collapse; font-size: 14px; }
        th, td { text-align: left; padding: 4px 14px 4px 0; border-bottom: 1px solid #eaecef; vertical-align: top; }
        th { color: #57606a; font-weight: normal; }
        td.number { text-align: right; font-variant-numeric: tabular-nums; font-family: "DejaVu Sans Mono", monospace; }
        .figures { display: flex; flex-wrap: wrap; gap: 24px; align-items: flex-start; }
        .curves { display: flex; gap: 16px; flex: 1 1 100%; align-items: flex-start; }
        .curves figure { flex: 1 1 0; min-width: 0; }
        section.extra { margin-top: 32px; }
        section.extra p { max-width: 900px; }
        figure { margin: 0; background: #ffffff; border: 1px solid #d8dbe0; border-radius: 6px; padding: 12px; max-width: 100%; }
        figure img { display: block; max-width: 100%; height: auto; image-rendering: pixelated; }
        figure img[src$=".svg"] { image-rendering: auto; }
        figcaption { margin-top: 8px; font-size: 14px; color: #32383f; max-width: 760px; }
        figcaption .number { font-weight: bold; }
        figcaption a { color: #57606a; font-size: 12px; margin-left: 6px; }
        .missing, figure.broken::after { display: block; color: #b42318; font-size: 13px; }
        figure.broken::after { content: "This image could not be loaded."; }
        """;

    /// <summary>Records each image's natural size on the element and marks figures whose image failed.</summary>
    public const string Script = """
        window.addEventListener("load", function () {
          for (const img of document.images) {
            img.setAttribute("data-natural-width", img.naturalWidth);
            img.setAttribute("data-natural-height", img.naturalHeight);
            if (!img.complete || img.naturalWidth === 0) { img.closest("figure").classList.add("broken"); }
          }
          document.body.setAttribute("data-images-checked", document.images.length);
        });
        """;
}
