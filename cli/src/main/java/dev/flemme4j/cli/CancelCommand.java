package dev.flemme4j.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        header = "Cancel a job.",
        description = {"Cancel a job that is INGESTING, QUEUED, RUNNING or EXPORTING: it becomes CANCELLED at once,",
                "a worker training it stops within a step and takes its next job."})
final class CancelCommand implements Callable<Integer> {
    @Parameters(paramLabel = "JOB_ID", description = "the job to cancel")
    String jobId;

    @Option(names = "--coordinator", defaultValue = "http://127.0.0.1:8080",
            description = "coordinator HTTP API (default: ${DEFAULT-VALUE})")
    String coordinator;

    @Override
    public Integer call() throws Exception {
        CoordinatorClient.Reply r;
        try {
            r = new CoordinatorClient(coordinator).post("/v1/jobs/" + jobId + "/cancel");
        } catch (java.io.IOException e) {
            System.err.println("cannot reach the coordinator at " + coordinator + ": " + e.getMessage());
            return 2;
        }
        if (r.status() == 200) {
            System.out.println("job " + jobId + " CANCELLED");
            return 0;
        }
        System.err.println("cancel of " + jobId + " refused (HTTP " + r.status() + "): " + r.body());
        return 1;
    }
}
