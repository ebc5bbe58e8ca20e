package dev.jobs.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * One GreenMail SMTP server in the test JVM, on a port that was free when it started (never a fixed
 * one: other builds may run on this machine). Shared by the one application context of the tests;
 * a test may stop it to play "mail server down" and must {@link #start()} it again.
 */
public final class TestMailServer {

	private static GreenMail server;

	private static int port;

	private TestMailServer() {
	}

	/** The port, starting the server on first use. */
	public static synchronized int port() {
		if (server == null) {
			port = freePort();
			start();
		}
		return port;
	}

	/** The running server. */
	public static synchronized GreenMail get() {
		port();
		return server;
	}

	/** Starts it (again) on its port. */
	public static synchronized void start() {
		if (server != null && server.isRunning()) {
			return;
		}
		server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		server.start();
	}

	/** Stops it: connections to its port are refused until {@link #start()}. */
	public static synchronized void stop() {
		if (server != null) {
			server.stop();
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException("No free port for the test mail server", ex);
		}
	}

}
