package dev.jobs.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy between the platform processes and a real service (PostgreSQL or RabbitMQ). Cutting
 * it is, as far as the platform can tell, the service going down: every open connection is reset
 * and new ones are refused until it comes back. Unlike stopping the shared service itself, it can
 * never leave the machine's broker or database broken for the next build.
 */
final class FaultProxy implements AutoCloseable {

	private final InetSocketAddress target;

	final int port;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final ExecutorService pumps = Executors.newCachedThreadPool(runnable -> {
		Thread thread = new Thread(runnable, "fault-proxy");
		thread.setDaemon(true);
		return thread;
	});

	private volatile ServerSocket listener;

	FaultProxy(String targetHost, int targetPort) {
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.port = AppInstance.freePort();
		listen();
	}

	/** Resets every connection and refuses new ones for {@code downMillis}, then accepts again. */
	void cut(long downMillis) {
		closeQuietly(listener);
		for (Socket socket : open) {
			reset(socket);
		}
		Faults.keepDown(downMillis);
		listen();
	}

	private void listen() {
		try {
			ServerSocket server = new ServerSocket();
			server.setReuseAddress(true);
			server.bind(new InetSocketAddress("127.0.0.1", port));
			listener = server;
			pumps.execute(() -> accept(server));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Fault proxy could not listen on 127.0.0.1:" + port, ex);
		}
	}

	private void accept(ServerSocket server) {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException ex) {
				return; // cut or closed
			}
			Socket upstream = new Socket();
			try {
				upstream.connect(target, 5000);
			}
			catch (IOException ex) {
				reset(client); // the real service is down: so is the proxy's end
				continue;
			}
			open.add(client);
			open.add(upstream);
			pumps.execute(() -> pump(client, upstream));
			pumps.execute(() -> pump(upstream, client));
		}
	}

	private void pump(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// either side went away; both are closed below
		}
		finally {
			reset(from);
			reset(to);
		}
	}

	private void reset(Socket socket) {
		open.remove(socket);
		try {
			socket.setSoLinger(true, 0); // RST, as a crashed server would leave it
		}
		catch (IOException ex) {
			// already closed
		}
		closeQuietly(socket);
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			if (closeable != null) {
				closeable.close();
			}
		}
		catch (Exception ex) {
			// nothing to do: it is being torn down on purpose
		}
	}

	@Override
	public void close() {
		closeQuietly(listener);
		for (Socket socket : open) {
			reset(socket);
		}
		pumps.shutdownNow();
	}

}
