using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Loyalty.Tests.Integration;

/// <summary>The refusals <see cref="HostileInputPropertyTests"/> found answered badly, pinned one example each.</summary>
public sealed class HostileInputTests(DemoAppFactory app) : IClassFixture<DemoAppFactory>
{
    private static StringContent Body(string json, string type = "application/json") => new(json, Encoding.UTF8, type);

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        return problem;
    }

    [Fact]
    public async Task A_body_that_is_not_json_gets_a_415_problem_with_a_code_not_an_empty_answer()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsync("/api/v1/transactions", Body(JsonSerializer.Serialize(ApiClient.Purchase(number)), "text/plain"));

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "request.not-json");
        Assert.Contains("application/json", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_member_number_with_a_slash_reaches_no_endpoint_and_gets_a_404_problem_with_a_code()
    {
        var api = await ApiClient.CreateAsync(app);

        var response = await api.GetAsync("/api/v1/members/LY/000001/balance");

        await ProblemAsync(response, HttpStatusCode.NotFound, "request.no-such-endpoint");
    }

    [Fact]
    public async Task An_empty_voucher_code_meets_the_wrong_method_and_gets_a_405_problem_with_a_code()
    {
        var api = await ApiClient.CreateAsync(app);

        var response = await api.PostAsync("/api/v1/vouchers//use", null); // "/api/v1/vouchers/{code}/use" without a code: only GET routes match

        Assert.True(response.StatusCode is HttpStatusCode.MethodNotAllowed or HttpStatusCode.NotFound, $"{response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("request.", await response.ProblemCodeAsync());
    }

    [Fact]
    public async Task A_known_member_still_gets_its_balance_and_an_unknown_one_keeps_its_own_code()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync($"/api/v1/members/{number}/balance")).StatusCode);
        await ProblemAsync(await api.GetAsync("/api/v1/members/LY-999999/balance"), HttpStatusCode.NotFound, "member.not-found");
    }

    [Theory]
    [InlineData("2026-11-30T10:00:00")]
    [InlineData("2026-11-30")]
    public async Task A_time_without_an_offset_is_refused_naming_the_field_and_nothing_is_written(string time)
    {
        var (memberId, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ApiClient.Purchase(number)))!;
        body["occurredAt"] = time;

        var response = await api.PostAsync("/api/v1/transactions", Body(body.ToJsonString()));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "request.unreadable");
        Assert.Equal(["occurredAt"], await response.ProblemFieldsAsync());
        Assert.Contains("offset", problem.GetProperty("detail").GetString());
        Assert.Equal(0, await app.WithDbAsync(db => db.Purchases.CountAsync(p => p.MemberId == memberId)));
    }

    [Theory]
    [InlineData("Z")]
    [InlineData("+02:00")]
    [InlineData("-05:30")]
    public async Task A_time_with_an_offset_is_read_as_that_moment(string offset)
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var at = DateTimeOffset.UtcNow.AddHours(-2);
        var local = offset == "Z" ? at : at.ToOffset(TimeSpan.Parse(offset.TrimStart('+'), System.Globalization.CultureInfo.InvariantCulture));
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ApiClient.Purchase(number)))!;
        var id = body["externalId"]!.GetValue<string>();
        body["occurredAt"] = $"{local:yyyy-MM-ddTHH:mm:ss}{offset}";

        var response = await api.PostAsync("/api/v1/transactions", Body(body.ToJsonString()));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var stored = await app.WithDbAsync(db => db.Purchases.SingleAsync(p => p.ExternalId == id));
        Assert.Equal(at.ToUnixTimeSeconds(), stored.OccurredAt.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task A_value_of_the_wrong_type_names_the_field_and_not_the_servers_types()
    {
        var (_, number) = await MemberFactory.RegisterAsync(app);
        var api = await ApiClient.CreateAsync(app);
        var body = System.Text.Json.Nodes.JsonNode.Parse(JsonSerializer.Serialize(ApiClient.Purchase(number)))!;
        body["currency"] = new System.Text.Json.Nodes.JsonArray();

        var response = await api.PostAsync("/api/v1/transactions", Body(body.ToJsonString()));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest, "request.unreadable");
        Assert.Equal(["currency"], await response.ProblemFieldsAsync());
        Assert.Equal("The JSON body could not be read at 'currency': the value has the wrong type or format.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_api_description_still_says_the_times_are_date_times()
    {
        var document = await (await app.CreateClient().GetAsync("/openapi/v1.json")).JsonAsync();

        var occurredAt = document.GetProperty("components").GetProperty("schemas").GetProperty("PurchaseRequest")
            .GetProperty("properties").GetProperty("occurredAt");
        Assert.Equal("date-time", occurredAt.GetProperty("format").GetString());
    }
}
