package dev.flemme4j.cli.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.cli.job.JobStateReader;
import dev.flemme4j.cli.job.JobSubmitter;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process killed with SIGKILL mid-epoch: the coordinator declares it lost after the heartbeat timeout,
 * re-assigns the job to the other worker, which resumes from the last checkpoint (not step 0) and completes it.
 */
class LostWorkerIT {
    private static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int CHECKPOINT_EVERY = 4;

    @Test
    void killedWorkersJobResumesFromItsCheckpointOnAnotherWorker(@TempDir Path tmp) throws Exception {
        try (Pipeline p = new Pipeline(tmp, false);
                WorkerProcess victim = WorkerProcess.start(p.bootstrap(), "victim", tmp.resolve("artifacts"), tmp);
                JobStateReader reader = new JobStateReader(p.clients())) {
            // 96 images, batch 8, 1/8 for validation: 11 steps an epoch, 33 in all
            String yaml = Pipeline.job("lost-worker", "", p.data.toString()).replace("max_epoch: 2", "max_epoch: 3")
                    + "  checkpoint_every: " + CHECKPOINT_EVERY + "\n";
            String id = JobSubmitter.submit(p.clients(), yaml, null);
            JobState before = reader.follow(id, s -> { }, s -> s.attempt() == 1 && s.state() == JobStatus.RUNNING
                    && s.progress().step() >= CHECKPOINT_EVERY + 2, TIMEOUT);
            assertNotNull(before, "job never ran on the worker process; see " + victim.log);
            assertEquals("victim", before.worker(), Files.readString(victim.log));
            long stepAtKill = before.progress().step();
            long killedAt = System.nanoTime();
            victim.kill9();
            System.out.printf("killed worker process %d (pid %d) at step %d of %d%n", 1, victim.pid(), stepAtKill,
                    before.progress().maxSteps());
            p.startWorker("rescuer");
            JobState reassigned = reader.follow(id, s -> { }, s -> s.attempt() == 2, TIMEOUT);
            assertNotNull(reassigned, "the job was never re-assigned");
            double detectedSeconds = (System.nanoTime() - killedAt) / 1e9;
            System.out.printf("lost worker detected and job re-assigned %.1f s after kill -9 (heartbeat_timeout 6 s)%n",
                    detectedSeconds);
            JobState resumed = reader.follow(id, s -> { }, s -> s.attempt() == 2 && s.state() == JobStatus.RUNNING,
                    TIMEOUT);
            assertNotNull(resumed, "attempt 2 never started");
            long resumedStep = resumed.progress().step();
            System.out.printf("attempt 2 on %s resumed at step %d (attempt 1 had reached step %d)%n", resumed.worker(),
                    resumedStep, stepAtKill);
            JobState done = reader.follow(id, s -> { }, s -> s.state().isTerminal(), TIMEOUT);
            assertEquals(JobStatus.COMPLETED, done.state(), () -> "job ended " + done);
            assertEquals(2, done.attempt());
            assertEquals("rescuer", done.worker());
            assertTrue(detectedSeconds <= 10, "detected within 10 s, took " + detectedSeconds);
            assertTrue(resumedStep >= CHECKPOINT_EVERY, "resumed from a checkpoint, not step 0: " + resumedStep);
            assertTrue(resumedStep <= stepAtKill + CHECKPOINT_EVERY, "not past where attempt 1 was: " + resumedStep);
            assertEquals(done.progress().maxSteps(), done.progress().step(), "all steps done");
            assertTrue(Files.exists(tmp.resolve("artifacts").resolve(id).resolve("attempt-2").resolve("model")),
                    "attempt 2 exported into its own directory");
        }
    }
}
