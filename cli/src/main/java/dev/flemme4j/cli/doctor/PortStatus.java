package dev.flemme4j.cli.doctor;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Whether a role could listen on a port now: binds it for a moment and lets go. */
public final class PortStatus {
    private PortStatus() {
    }

    public static boolean free(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            return s.getLocalPort() == port;
        } catch (IOException e) {
            return false;
        }
    }
}
