using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Loyalty.Tests.Components;

/// <summary>
/// Every refusal message the code throws, read from the source as the compiler sees it: the English template that
/// <see cref="Loyalty.Domain.RefusalText"/> builds at run time (holes numbered in order, formats kept), with where it is.
/// </summary>
internal static class RefusalTemplates
{
    private static readonly HashSet<string> Factories = ["Invalid", "NotFound", "Conflict", "Forbidden", "Limited"];

    public sealed record Site(string File, int Line, string? Template, string Source);

    public static IReadOnlyList<Site> InSource()
    {
        var root = ResourceCoverageTests.RepositoryRoot();
        var sites = new List<Site>();
        foreach (var project in new[] { "Loyalty.Domain", "Loyalty.Web" })
        foreach (var file in Directory.EnumerateFiles(Path.Combine(root, project), "*.cs", SearchOption.AllDirectories))
        {
            var sep = Path.DirectorySeparatorChar;
            if (file.Contains($"{sep}obj{sep}") || file.Contains($"{sep}bin{sep}") || file.Contains($"{sep}Migrations{sep}")) continue;
            var tree = CSharpSyntaxTree.ParseText(File.ReadAllText(file));
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var message = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "DomainException" } } access } i
                        when Factories.Contains(access.Name.Identifier.Text) => Message(i.ArgumentList.Arguments),
                    ObjectCreationExpressionSyntax { Type: IdentifierNameSyntax { Identifier.Text: "DomainException" }, ArgumentList: { } list } => Message(list.Arguments),
                    // A reward's refusal to redeem (Reward.Check): its words become the refusal's.
                    BaseObjectCreationExpressionSyntax { ArgumentList.Arguments: [{ Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.Text: "RewardBlock" } } }, _, var words] }
                        => words.Expression,
                    _ => null,
                };
                if (message is null) continue;
                var line = message.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                sites.Add(new Site(Path.GetRelativePath(root, file), line, TemplateOf(message), message.ToString()));
            }
        }
        return sites;
    }

    private static ExpressionSyntax? Message(SeparatedSyntaxList<ArgumentSyntax> arguments) =>
        arguments.Count < 2 ? null : arguments.FirstOrDefault(a => a.NameColon?.Name.Identifier.Text == "message")?.Expression ?? arguments[1].Expression;

    /// <summary>The template of an interpolated or literal string (or a sum of only one kind); null for anything else.</summary>
    private static string? TemplateOf(ExpressionSyntax expression)
    {
        var parts = new List<ExpressionSyntax>();
        Flatten(expression, parts);
        if (parts.All(p => p is LiteralExpressionSyntax l && l.IsKind(SyntaxKind.StringLiteralExpression)))
            return string.Concat(parts.Cast<LiteralExpressionSyntax>().Select(l => l.Token.ValueText));
        if (!parts.All(p => p is InterpolatedStringExpressionSyntax)) return null;
        var template = new System.Text.StringBuilder();
        var hole = 0;
        foreach (var content in parts.Cast<InterpolatedStringExpressionSyntax>().SelectMany(p => p.Contents))
        {
            if (content is InterpolatedStringTextSyntax text)
                template.Append(text.TextToken.ValueText.Replace("{", "{{").Replace("}", "}}"));
            else if (content is InterpolationSyntax interpolation)
            {
                template.Append('{').Append(hole++);
                if (interpolation.AlignmentClause is { } alignment) template.Append(',').Append(alignment.Value.ToString());
                if (interpolation.FormatClause is { } format) template.Append(':').Append(format.FormatStringToken.ValueText);
                template.Append('}');
            }
        }
        return template.ToString();
    }

    private static void Flatten(ExpressionSyntax expression, List<ExpressionSyntax> parts)
    {
        if (expression is ParenthesizedExpressionSyntax parenthesized) Flatten(parenthesized.Expression, parts);
        else if (expression is BinaryExpressionSyntax binary && binary.IsKind(SyntaxKind.AddExpression))
        {
            Flatten(binary.Left, parts);
            Flatten(binary.Right, parts);
        }
        else parts.Add(expression);
    }
}
