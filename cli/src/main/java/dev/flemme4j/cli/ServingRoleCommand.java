package dev.flemme4j.cli;

import dev.flemme4j.serving.ModelReleaseListener;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.serving.ServingServer;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(defaultValueProvider = RoleDefaults.class, name = "serving", mixinStandardHelpOptions = true,
        header = "Serve exported models with ONNX Runtime over HTTP.",
        description = {"Serve exported models with ONNX Runtime over HTTP: POST /v1/models/NAME/segment (PNG/JPEG or",
                "tensor record), GET /v1/models, /health, /metrics. Loads every release announced on flemme.models",
                "and any model directory (manifest.json + model.onnx) under --models (--bootstrap none: the directory only).",
                "Runs until Ctrl-C."})
final class ServingRoleCommand implements Callable<Integer> {
    @Mixin
    KafkaClientOptions kafka;

    @Mixin
    HttpOptions http;

    @Option(names = "--models", defaultValue = ".flemme/models", description = "directory polled for model directories (default: ${DEFAULT-VALUE})")
    Path models;


    @Option(names = "--device", defaultValue = "cpu", description = "cpu | cuda:N | auto (default: ${DEFAULT-VALUE}); falls back to CPU when CUDA is absent")
    String device;

    @Override
    public Integer call() throws Exception {
        StopSignal stop = new StopSignal();
        Vertx vertx = Vertx.vertx();
        stop.onStop("vert.x", () -> vertx.close().await(10, TimeUnit.SECONDS));
        Files.createDirectories(models);
        ServingServer s = ServingServer.start(vertx, ServingOptions.defaults().withModelsRoot(models.toAbsolutePath())
                .withHost(http.host()).withPort(http.port()).withDevice(device)).await(60, TimeUnit.SECONDS);
        stop.onStop("serving", () -> s.close().await(30, TimeUnit.SECONDS));
        if (!kafka.bootstrap().equals("none")) {
            ModelReleaseListener releases = new ModelReleaseListener(kafka.clients(), s.registry()).start();
            s.health().check("model releases", releases::problem);
            stop.onStop("model releases", releases::close);
        }
        System.err.println("serving on http://" + http.host() + ":" + s.port() + "/v1/models  (Ctrl-C to stop)");
        stop.await();
        return 0;
    }
}
