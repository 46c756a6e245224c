using System.Net;
using RcMcp.Sandbox.Tests.Infrastructure;

namespace RcMcp.Sandbox.Tests;

public sealed class TaskTests
{
    [Fact]
    public async Task Unknown_task_is_404()
    {
        await using var sandbox = await TestSandbox.StartAsync();

        var response = await sandbox.Client.GetAsync($"/tasks/{Guid.NewGuid()}");

        response.Status.ShouldBe(HttpStatusCode.NotFound);
        response.ErrorType.ShouldBe("TASK_NOT_FOUND");
    }

    [Fact]
    public async Task Task_list_is_newest_first()
    {
        await using var sandbox = await TestSandbox.StartAsync();
        var first = await sandbox.Client.PostAsync($"{Sample.ProDatabase}/backup");
        var second = await sandbox.Client.PutAsync($"{Sample.ActiveActiveDatabase}/flush", new { });

        var tasks = (await sandbox.Client.GetAsync("/tasks")).Json.Items("tasks");

        tasks.Select(t => t.Str("taskId")).ShouldBe([second.TaskId, first.TaskId]);
        tasks.Select(t => t.Str("commandType")).ShouldBe(["crdbFlushRequest", "databaseBackupRequest"]);
    }
}
