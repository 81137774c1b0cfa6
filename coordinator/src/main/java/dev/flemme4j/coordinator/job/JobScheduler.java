package dev.flemme4j.coordinator.job;

import dev.flemme4j.coordinator.kafka.RecordPublisher;
import dev.flemme4j.protocol.Json;
import dev.flemme4j.protocol.Topics;
import dev.flemme4j.protocol.job.DatasetIngestion;
import dev.flemme4j.protocol.job.WorkerCommand;
import io.vertx.core.Context;
import io.vertx.core.Future;
import java.nio.file.Path;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a validated, ingested job to the workers: one TRAIN command on the commands topic, addressed to no
 * worker in particular (the first idle one claims it).
 */
public final class JobScheduler {
    private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

    private final RecordPublisher publisher;
    private final Context context;
    private final Path artifactRoot;

    public JobScheduler(RecordPublisher publisher, Context context, Path artifactRoot) {
        this.publisher = publisher;
        this.context = context;
        this.artifactRoot = artifactRoot.toAbsolutePath().normalize();
    }

    public Path artifactDir(String jobId) {
        return artifactRoot.resolve(jobId);
    }

    public WorkerCommand trainCommand(ValidatedJob job, DatasetIngestion data) {
        return new WorkerCommand(WorkerCommand.Type.TRAIN, UUID.randomUUID().toString(), job.id(), null, job.yaml(),
                data.trainTopic(), data.trainRecords(), data.valTopic(), data.valRecords(),
                artifactDir(job.id()).toString(), job.modelName());
    }

    public Future<WorkerCommand> schedule(ValidatedJob job, DatasetIngestion data) {
        WorkerCommand cmd = trainCommand(job, data);
        LOG.info("job {} queued: TRAIN command {} ({} train / {} val records from {}), artifacts in {}", job.id(),
                cmd.commandId(), cmd.trainRecords(), cmd.valRecords(), data.datasetId(), cmd.artifactDir());
        return publisher.send(context, Topics.COMMANDS, job.id(), Json.bytes(cmd)).map(m -> cmd);
    }
}
