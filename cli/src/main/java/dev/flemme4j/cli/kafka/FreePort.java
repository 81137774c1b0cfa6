package dev.flemme4j.cli.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Picks a TCP port that is free right now. The KRaft quorum voter list must name the controller port before
 * the broker starts, so "let the server bind port 0" is not an option; the short race between closing the
 * probe socket and Kafka binding it is accepted.
 */
final class FreePort {

    private FreePort() {
    }

    static int on(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(host), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not find a free port on " + host, e);
        }
    }
}
