package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.http.CoordinatorMetrics;
import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.coordinator.workers.WorkerRegistry;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.DatasetIngestion;
import dev.flemme4j.protocol.job.JobError;
import dev.flemme4j.protocol.job.JobState;
import dev.flemme4j.protocol.job.JobStatus;
import dev.flemme4j.protocol.job.WorkerCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns queued jobs to free workers. Queued jobs wait in order of {@code job.priority} (higher first), then
 * arrival; a worker is free while it is alive and holds fewer jobs than its heartbeat's capacity. An assignment
 * is a TRAIN command addressed to one worker (record key and {@code worker} field = its id) with the job's
 * attempt number and its own artifact directory; a worker declared lost gets a CANCEL for what it held, and
 * its jobs go back to the queue to resume from their last checkpoint as the next attempt. Runs on the
 * coordinator's context: {@link #tick()} is called periodically and after every enqueue.
 *
 * <p>A job with {@code job.replicas: n} is a gang: it is assigned only when n distinct workers have a free slot
 * (one DJL trainer per JVM, and replicas wait for each other, so two on one worker would deadlock), as n TRAIN
 * commands of the same attempt with ranks 0..n-1. Jobs behind it in the queue that fit the free workers start
 * meanwhile. The job state names rank 0's worker (the one that validates, checkpoints and exports); the scheduler
 * keeps all n in memory to count their slots, and losing any of them re-queues the whole attempt, which resumes
 * from rank 0's last checkpoint.
 */
public final class JobScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private record Pending(WorkerCommand template, int priority, long seq) {
    }

    private final RecordPublisher publisher;
    private final Context context;
    private final Path artifactRoot;
    private final JobStateStore jobs;
    private final WorkerRegistry workers;
    private final CoordinatorMetrics metrics;
    private final Clock clock;
    private final Map<String, Pending> queue = new HashMap<>();
    private final Map<String, Pending> templates = new HashMap<>();
    private final Map<String, String> checkpoints = new HashMap<>();
    /** Job id → the workers of its current attempt, rank order (one entry for an ordinary job). */
    private final Map<String, List<String>> assigned = new HashMap<>();
    private long seq;

    public JobScheduler(RecordPublisher publisher, Context context, Path artifactRoot, JobStateStore jobs,
            WorkerRegistry workers, CoordinatorMetrics metrics, Clock clock) {
        this.publisher = publisher;
        this.context = context;
        this.artifactRoot = artifactRoot.toAbsolutePath().normalize();
        this.jobs = jobs;
        this.workers = workers;
        this.metrics = metrics;
        this.clock = clock;
    }

    public Path artifactDir(String jobId) {
        return artifactRoot.resolve(jobId);
    }

    /** Attempt 1 writes to the job's directory, later attempts to a directory of their own inside it. */
    public Path artifactDir(String jobId, int attempt) {
        return attempt <= 1 ? artifactDir(jobId) : artifactDir(jobId).resolve("attempt-" + attempt);
    }

    public WorkerCommand trainCommand(ValidatedJob job, DatasetIngestion data) {
        return new WorkerCommand(WorkerCommand.Type.TRAIN, UUID.randomUUID().toString(), job.id(), null, job.yaml(),
                data.trainTopic(), data.trainRecords(), data.valTopic(), data.valRecords(),
                artifactDir(job.id()).toString(), job.modelName(), 0, null, 0, job.spec().job().replicas(), 0);
    }

    /**
     * Puts a validated, ingested job in the queue; the job's state must already say QUEUED. The unassigned command
     * also goes to the commands topic (workers ignore it: it names no worker) as the job's durable queue entry, which
     * a restarted coordinator reads back ({@link QueueRecovery}); the future completes once Kafka has it.
     */
    public Future<WorkerCommand> schedule(ValidatedJob job, DatasetIngestion data) {
        WorkerCommand cmd = trainCommand(job, data);
        LOG.info("job {} queued (priority {}): {} train / {} val records from {}", job.id(), job.spec().job().priority(),
                cmd.trainRecords(), cmd.valRecords(), data.datasetId());
        Future<WorkerCommand> kept = publisher.send(context, Topics.COMMANDS, job.id(), Json.bytes(cmd)).map(m -> cmd);
        Pending pending = new Pending(cmd, job.spec().job().priority(), seq++);
        templates.put(job.id(), pending);
        queue.put(job.id(), pending);
        context.runOnContext(v -> tick());
        return kept;
    }

    /** Whether this coordinator holds the command of the job (it can assign or re-assign it). */
    public boolean knows(String jobId) {
        return templates.containsKey(jobId);
    }

    /**
     * After a restart: the job's command as read back from the commands topic; {@code queue} puts it in the queue
     * (not assigned, or assigned without its command having been sent). The priority is read back from the job's
     * YAML, which the command carries; equal priorities queue in the order they are restored.
     */
    public void restore(WorkerCommand command, boolean queue) {
        Pending pending = new Pending(command, priorityOf(command), seq++);
        templates.put(command.jobId(), pending);
        if (queue) {
            this.queue.put(command.jobId(), pending);
        }
    }

    /**
     * The {@code job.priority} of a restored command. The YAML passed validation when it was submitted; should it
     * not parse now (a config key renamed in between), the job still queues, at priority 0.
     */
    static int priorityOf(WorkerCommand command) {
        try {
            return dev.flemme4j.protocol.spec.TrainJobSpec.parse(command.jobYaml()).job().priority();
        } catch (RuntimeException e) {
            LOG.warn("job {}: its YAML no longer parses ({}); restored at priority 0", command.jobId(), e.getMessage());
            return 0;
        }
    }

    /** A checkpoint the current attempt of a job reported; the next attempt resumes from it. */
    public void checkpointed(JobState job, int attempt, String path) {
        if (attempt == job.attempt() && path != null) {
            checkpoints.put(job.id(), path);
        }
    }

    /** The job ended (or was cancelled): forget what was kept to re-assign it. */
    public void forget(String jobId) {
        queue.remove(jobId);
        templates.remove(jobId);
        checkpoints.remove(jobId);
        assigned.remove(jobId);
    }

    /** The workers of the job's current attempt in rank order; just the state's worker for an ordinary job. */
    public List<String> workersOf(JobState job) {
        List<String> gang = assigned.get(job.id());
        if (gang != null) {
            return gang;
        }
        return job.worker() == null ? List.of() : List.of(job.worker());
    }

    /**
     * A replicated job ended early (a replica failed): CANCELs to its other workers, so none waits for a round
     * that will never come until its sync timeout. Does nothing for an ordinary job.
     */
    public Future<?> stopReplicas(JobState job, String except) {
        List<Future<?>> sent = new ArrayList<>();
        for (String w : workersOf(job)) {
            if (!w.equals(except) && workersOf(job).size() > 1) {
                sent.add(publisher.send(context, Topics.COMMANDS, w, Json.bytes(
                        WorkerCommand.cancel(UUID.randomUUID().toString(), job.id(), w, job.attempt()))));
            }
        }
        return Future.all(sent);
    }

    public boolean isQueued(String jobId) {
        return queue.containsKey(jobId);
    }

    /** Declares silent workers lost, re-queues their jobs, then fills free workers from the queue. */
    public Future<?> tick() {
        List<Future<?>> writes = new ArrayList<>();
        for (WorkerRegistry.WorkerInfo lost : workers.newlyLost()) {
            long silentMs = clock.millis() - lost.lastSeen();
            LOG.warn("worker {} lost: silent for {} ms (heartbeat_timeout {} ms)", lost.id(), silentMs,
                    workers.timeout().toMillis());
            metrics.workerLost();
            for (JobState job : jobs.all()) {
                if (holds(job) && workersOf(job).contains(lost.id())) {
                    writes.add(requeue(job, "worker " + lost.id() + " lost after " + silentMs + " ms of silence"));
                }
            }
        }
        Map<String, Integer> free = freeSlots();
        List<Map.Entry<String, Pending>> order = new ArrayList<>(queue.entrySet());
        order.sort(Comparator.<Map.Entry<String, Pending>>comparingInt(e -> -e.getValue().priority())
                .thenComparingLong(e -> e.getValue().seq()));
        for (Map.Entry<String, Pending> e : order) {
            int need = e.getValue().template().replicaCount();
            List<String> gang = free.entrySet().stream().filter(w -> w.getValue() > 0)
                    .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                            .thenComparing(Map.Entry::getKey))
                    .limit(need).map(Map.Entry::getKey).toList();
            if (free.values().stream().noneMatch(n -> n > 0)) {
                break;
            }
            if (gang.size() < need) {
                continue; // a gang waits for enough free workers; smaller jobs behind it may use the free ones
            }
            gang.forEach(w -> free.merge(w, -1, Integer::sum));
            writes.add(assign(e.getKey(), e.getValue().template(), gang));
        }
        return Future.all(writes);
    }

    private Map<String, Integer> freeSlots() {
        Map<String, Integer> free = new HashMap<>();
        workers.all().values().stream().filter(w -> workers.isAlive(w.id()))
                .forEach(w -> free.put(w.id(), w.capacity()));
        for (JobState job : jobs.all()) {
            if (job.worker() != null && holds(job)) {
                workersOf(job).forEach(w -> free.computeIfPresent(w, (k, n) -> n - 1));
            }
        }
        return free;
    }

    /** Whether the job occupies its worker: assigned and not finished. */
    private static boolean holds(JobState job) {
        return job.attempt() > 0 && job.worker() != null && (job.state() == JobStatus.QUEUED
                || job.state() == JobStatus.RUNNING || job.state() == JobStatus.EXPORTING);
    }

    private Future<?> assign(String jobId, WorkerCommand template, List<String> gang) {
        String worker = gang.get(0);
        Optional<JobState> found = jobs.get(jobId);
        if (found.isEmpty() || found.get().state() != JobStatus.QUEUED) {
            queue.remove(jobId);
            return Future.succeededFuture();
        }
        queue.remove(jobId);
        JobState job = found.get();
        int attempt = job.attempt() + 1;
        String dir = artifactDir(jobId, attempt).toString();
        String resume = checkpoints.get(jobId);
        long now = clock.millis();
        List<WorkerCommand> cmds = new ArrayList<>();
        for (int r = 0; r < gang.size(); r++) {
            cmds.add(template.assigned(UUID.randomUUID().toString(), gang.get(r), attempt, dir, resume)
                    .asReplica(r, gang.size(), now));
        }
        LOG.info("job {} attempt {} assigned to worker{} {}{}", jobId, attempt, gang.size() > 1 ? "s" : "",
                String.join(", ", gang), resume == null ? "" : ", resuming from " + resume);
        assigned.put(jobId, List.copyOf(gang));
        return jobs.put(job.assigned(worker, attempt, dir, now)).compose(s -> Future.all(cmds.stream()
                .map(c -> publisher.send(context, Topics.COMMANDS, c.worker(), Json.bytes(c))).toList()));
    }

    private Future<?> requeue(JobState job, String why) {
        LOG.warn("job {} attempt {} goes back to the queue: {}", job.id(), job.attempt(), why);
        metrics.jobReassigned();
        Pending template = templates.get(job.id());
        // state first: it is in memory at once, so this same round can already give the job to a free worker
        Future<?> state;
        if (template == null) {
            // a coordinator restart lost what the command held; the job cannot be re-sent from its state alone
            state = jobs.put(job.failed(new JobError("", why + "; the job cannot be re-assigned after a coordinator"
                    + " restart"), clock.millis()));
        } else {
            queue.put(job.id(), template); // its original place in the queue
            state = jobs.put(job.withProgress(job.progress(), null, clock.millis()).withState(JobStatus.QUEUED,
                    clock.millis()));
        }
        List<Future<?>> cancels = new ArrayList<>(List.of(state));
        for (String w : workersOf(job)) {
            cancels.add(publisher.send(context, Topics.COMMANDS, w, Json.bytes(
                    WorkerCommand.cancel(UUID.randomUUID().toString(), job.id(), w, job.attempt()))));
        }
        assigned.remove(job.id());
        return Future.all(cancels);
    }

    /** Cancels a job wherever it is: out of the queue, or a CANCEL to the worker holding it. */
    public Future<?> cancel(JobState job) {
        queue.remove(job.id());
        Future<?> sent = Future.succeededFuture();
        if (job.worker() != null && holds(job)) {
            List<Future<?>> all = new ArrayList<>();
            for (String w : workersOf(job)) {
                all.add(publisher.send(context, Topics.COMMANDS, w, Json.bytes(
                        WorkerCommand.cancel(UUID.randomUUID().toString(), job.id(), w, job.attempt()))));
            }
            sent = Future.all(all);
        }
        forget(job.id());
        return sent;
    }
}
