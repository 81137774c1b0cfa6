package dev.flemme4j.cli;

import dev.flemme4j.coordinator.Coordinator;
import dev.flemme4j.coordinator.CoordinatorOptions;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(defaultValueProvider = RoleDefaults.class, name = "coordinator", mixinStandardHelpOptions = true,
        header = "Run the coordinator (job intake, validation, data ingestion).",
        description = {"Run the coordinator alone: takes jobs from flemme.jobs, validates them, streams their datasets",
                "into data topics and hands them to workers; HTTP API on --host:--port (/v1/jobs, /health, /metrics).",
                "Runs until Ctrl-C."})
final class CoordinatorRoleCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Mixin
    BrokerWaitOptions brokerWait;

    @Mixin
    HttpOptions http;

    @Mixin
    AuthOptions auth;

    @Option(names = "--data-root", defaultValue = ".", description = "relative dataset paths in jobs are resolved here, and jobs may read only under it"
            + " (absolute paths, '..' and symlinks out of it are rejected) (default: ${DEFAULT-VALUE})")
    Path dataRoot;

    @Option(names = "--artifacts", defaultValue = ".flemme/artifacts", description = "where workers write checkpoints and models (default: ${DEFAULT-VALUE})")
    Path artifacts;

    @Option(names = "--data-partitions", defaultValue = "" + CoordinatorOptions.DEFAULT_DATA_PARTITIONS, description = "partitions of each data topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Override
    public Integer call() throws Exception {
        kafka.verifyBroker("coordinator", brokerWait.timeout());
        StopSignal stop = new StopSignal();
        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        Coordinator c = Coordinator.start(vertx, CoordinatorOptions.defaults(kafka.bootstrap())
                .withKafkaSettings(kafka.settings()).withDataRoot(dataRoot.toAbsolutePath())
                .withArtifactRoot(artifacts.toAbsolutePath()).withHttp(http.host(), http.port()).withDataPartitions(partitions)
                .withTokens(auth.tokens()))
                .await(120, TimeUnit.SECONDS);
        stop.onStop("coordinator", () -> c.stop().await(30, TimeUnit.SECONDS));
        System.err.println("coordinator up: http://" + http.host() + ":" + c.httpPort() + "/v1/jobs  (Ctrl-C to stop)");
        stop.await();
        return 0;
    }
}
