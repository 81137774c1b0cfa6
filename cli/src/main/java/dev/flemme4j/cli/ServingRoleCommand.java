package dev.flemme4j.cli;

import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import dev.flemme4j.serving.model.ModelReleaseListener;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serving", mixinStandardHelpOptions = true,
        header = "Serve exported models with ONNX Runtime over HTTP.",
        description = {"Serve exported models with ONNX Runtime over HTTP: POST /v1/models/NAME/segment (PNG/JPEG or",
                "tensor record), GET /v1/models, /health, /metrics. Loads every release announced on flemme.models",
                "and any model directory (manifest.json + model.onnx) under --models. Runs until Ctrl-C."})
final class ServingRoleCommand implements Callable<Integer> {
    @Option(names = "--bootstrap", defaultValue = "127.0.0.1:9092", description = "Kafka bootstrap servers; 'none' = directory only (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--models", defaultValue = ".flemme/models", description = "directory polled for model directories (default: ${DEFAULT-VALUE})")
    Path models;

    @Option(names = "--port", defaultValue = "8090", description = "HTTP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--host", defaultValue = "0.0.0.0", description = "HTTP bind address (default: ${DEFAULT-VALUE})")
    String host;

    @Option(names = "--device", defaultValue = "cpu", description = "cpu | cuda:N | auto (default: ${DEFAULT-VALUE}); falls back to CPU when CUDA is absent")
    String device;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        Files.createDirectories(models);
        ServingServer s = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(models.toAbsolutePath())
                .withHost(host).withPort(port).withDevice(device)).await(60, TimeUnit.SECONDS);
        stop.onStop("serving", () -> s.close().await(30, TimeUnit.SECONDS));
        if (!bootstrap.equals("none")) {
            ModelReleaseListener releases = new ModelReleaseListener(bootstrap, s.registry()).start();
            stop.onStop("model releases", releases::close);
        }
        System.err.println("serving on http://127.0.0.1:" + s.port() + "/v1/models  (Ctrl-C to stop)");
        stop.await();
        return 0;
    }
}
