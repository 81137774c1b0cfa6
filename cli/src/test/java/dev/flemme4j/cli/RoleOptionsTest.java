package dev.flemme4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.flemme4j.coordinator.CoordinatorOptions;
import dev.flemme4j.kafka.KafkaClients;
import dev.flemme4j.serving.ServingOptions;
import dev.flemme4j.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every role spells its options the same way, and the CLI's defaults are the option records' defaults. */
class RoleOptionsTest {
    @TempDir
    Path dir;

    private static <T> T parse(T command, String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void cliDefaultsAreTheOptionRecordsDefaults() {
        CoordinatorOptions co = CoordinatorOptions.defaults("x");
        CoordinatorRoleCommand c = parse(new CoordinatorRoleCommand());
        assertEquals(co.httpHost(), c.http.host());
        assertEquals(co.httpPort(), c.http.port());
        assertEquals(co.dataPartitions(), c.partitions);
        assertEquals(co.artifactRoot(), c.artifacts);
        assertEquals(KafkaClients.DEFAULT_BOOTSTRAP, c.kafka.bootstrap());

        WorkerOptions wo = WorkerOptions.defaults("x");
        WorkerRoleCommand w = parse(new WorkerRoleCommand());
        assertEquals(wo.httpHost(), w.http.host());
        assertEquals(wo.httpPort(), w.http.port());
        assertEquals(wo.device(), w.device);
        assertEquals(wo.artifactRoot(), w.artifacts);
        assertEquals(KafkaClients.DEFAULT_BOOTSTRAP, w.kafka.bootstrap());

        ServingOptions so = ServingOptions.defaults();
        ServingRoleCommand s = parse(new ServingRoleCommand());
        assertEquals(so.host(), s.http.host());
        assertEquals(so.port(), s.http.port());
        assertEquals(so.device(), dev.flemme4j.serving.ort.ExecutionDevice.parse(s.device));
        assertEquals(KafkaClients.DEFAULT_BOOTSTRAP, s.kafka.bootstrap());
        assertEquals("127.0.0.1", so.host(), "local only unless asked");
    }

    @Test
    void helpShowsEachRolesOwnPortDefault() {
        assertTrue(new CommandLine(new CoordinatorRoleCommand()).getUsageMessage().contains("free one (default: 8080)"));
        assertTrue(new CommandLine(new WorkerRoleCommand()).getUsageMessage().contains("free one (default: 8081)"));
        String serving = new CommandLine(new ServingRoleCommand()).getUsageMessage();
        assertTrue(serving.contains("free one (default: 8090)") && serving.contains("(default: 127.0.0.1)"), serving);
        assertFalse(serving.contains("--http-port"), "the former spelling is not advertised");
    }

    @Test
    void everyRoleTakesTheSameSpellingAndTheFormerOnesStillWork() {
        for (Object role : List.of(new CoordinatorRoleCommand(), new WorkerRoleCommand(), new ServingRoleCommand())) {
            CommandLine cl = new CommandLine(role);
            for (String name : List.of("--bootstrap", "--kafka-config", "--host", "--port")) {
                assertTrue(cl.getCommandSpec().findOption(name) != null, role.getClass().getSimpleName() + " lacks " + name);
                assertFalse(cl.getCommandSpec().findOption(name).hidden(), name);
            }
            for (String alias : List.of("--http-port", "--http-host", "--bootstrap-servers")) {
                assertTrue(cl.getCommandSpec().findOption(alias).hidden(), alias + " is a hidden alias");
            }
        }
        WorkerRoleCommand w = parse(new WorkerRoleCommand(), "--http-port", "9100", "--http-host", "0.0.0.0",
                "--bootstrap-servers", "k:9093");
        assertEquals(9100, w.http.port());
        assertEquals("0.0.0.0", w.http.host());
        assertEquals("k:9093", w.kafka.bootstrap());
        CoordinatorRoleCommand c = parse(new CoordinatorRoleCommand(), "--port", "0", "--host", "10.0.0.1");
        assertEquals(0, c.http.port());
        assertEquals("10.0.0.1", c.http.host());
        LocalCommand l = parse(new LocalCommand(), "--state", dir.toString());
        assertEquals(dir, l.stateDir());
        assertEquals(Path.of(".flemme"), parse(new LocalCommand()).stateDir());
    }

    @Test
    void kafkaConfigReachesTheClientsAndANonsenseKeyIsRefused() throws IOException {
        Path good = dir.resolve("kafka.properties");
        Files.writeString(good, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-256\n");
        StatusCommand st = parse(new StatusCommand(), "--kafka-config", good.toString());
        assertEquals("SASL_SSL", st.kafka.clients().userSettings().values().get("security.protocol"));

        Path bad = dir.resolve("bad.properties");
        Files.writeString(bad, "sasl.mechanizm=PLAIN\n");
        SubmitCommand sub = parse(new SubmitCommand(), "--kafka-config", bad.toString(), dir.resolve("job.yaml").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sub.kafka.clients());
        assertTrue(e.getMessage().contains("sasl.mechanizm") && e.getMessage().contains("sasl.mechanism"), e.getMessage());
    }
}
