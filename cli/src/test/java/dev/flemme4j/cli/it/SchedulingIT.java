package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two worker processes, three jobs submitted at once, on a real broker: the coordinator assigns one job to each
 * worker, both train at the same time, and the third waits QUEUED until a worker is free, then runs. Workers are
 * processes, as deployed: DJL's PyTorch engine allows one gradient collector per process, so two in-process
 * workers cannot train at once.
 */
class SchedulingIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(8);

    @Test
    void twoJobsRunAtOnceOnTwoWorkersAndTheThirdWaits(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp, false);
                WorkerProcess w1 = WorkerProcess.start(p.bootstrap(), "w1", tmp.resolve("artifacts"), tmp);
                WorkerProcess w2 = WorkerProcess.start(p.bootstrap(), "w2", tmp.resolve("artifacts"), tmp)) {
            List<String> ids = new ArrayList<>();
            for (String name : List.of("sched-a", "sched-b", "sched-c")) {
                ids.add(JobSubmitter.submit(p.clients(), Pipeline.job(name, "", p.data.toString()), null));
            }
            Map<String, JobState> latest = new HashMap<>();
            boolean sawTwoRunningAndOneWaiting = false;
            String thirdWhileWaiting = null;
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            try (JobStateReader reader = new JobStateReader(p.clients())) {
                while (System.nanoTime() < deadline) {
                    latest.putAll(reader.snapshot());
                    List<JobState> running = ids.stream().map(latest::get)
                            .filter(s -> s != null && s.state() == JobStatus.RUNNING).toList();
                    List<JobState> waiting = ids.stream().map(latest::get)
                            .filter(s -> s != null && s.state() == JobStatus.QUEUED).toList();
                    if (running.size() == 2 && waiting.size() == 1 && !sawTwoRunningAndOneWaiting) {
                        sawTwoRunningAndOneWaiting = true;
                        thirdWhileWaiting = waiting.get(0).id();
                        assertNotEquals(running.get(0).worker(), running.get(1).worker(),
                                "the two running jobs are on different workers");
                        System.out.printf("running at once: %s on %s, %s on %s; waiting: %s%n", running.get(0).id(),
                                running.get(0).worker(), running.get(1).id(), running.get(1).worker(),
                                thirdWhileWaiting);
                    }
                    if (ids.stream().allMatch(id -> latest.get(id) != null && latest.get(id).state().isTerminal())) {
                        break;
                    }
                    Thread.sleep(200);
                }
            }
            for (String id : ids) {
                assertEquals(JobStatus.COMPLETED, latest.get(id).state(), id + ": " + latest.get(id));
            }
            assertTrue(sawTwoRunningAndOneWaiting, "two jobs ran at the same time while the third waited");
            JobState third = latest.get(thirdWhileWaiting);
            assertEquals(1, third.attempt(), "the waiting job was assigned once, after a worker became free");
            assertTrue(third.worker().equals("w1") || third.worker().equals("w2"), third.worker());
        }
    }
}
