package io.contactsync.worker;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback TCP proxy that a test can cut and restore, to take a real server away from
 * the worker without stopping it (and losing its state), like a network outage. While
 * cut, the port refuses connections.
 */
public final class TcpProxy implements AutoCloseable {

	private final int targetPort;

	private final int port;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private volatile ServerSocket listener;

	private TcpProxy(int targetPort, ServerSocket listener) {
		this.targetPort = targetPort;
		this.port = listener.getLocalPort();
		serve(listener);
	}

	/** Starts forwarding a free local port to {@code targetPort}. */
	public static TcpProxy to(int targetPort) {
		return new TcpProxy(targetPort, bind(0));
	}

	public int port() {
		return this.port;
	}

	/** Closes every connection and refuses new ones. */
	public synchronized void cut() {
		closeQuietly(this.listener);
		this.listener = null;
		this.sockets.forEach(TcpProxy::closeQuietly);
		this.sockets.clear();
	}

	/** Accepts connections again, on the same port. */
	public synchronized void restore() {
		if (this.listener == null) {
			serve(bind(this.port));
		}
	}

	@Override
	public void close() {
		cut();
	}

	private static ServerSocket bind(int port) {
		try {
			ServerSocket socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot listen on port " + port, ex);
		}
	}

	private void serve(ServerSocket listener) {
		this.listener = listener;
		Thread.ofVirtual().name("tcp-proxy-" + this.port).start(() -> {
			while (!listener.isClosed()) {
				Socket client;
				try {
					client = listener.accept();
				}
				catch (IOException ex) {
					continue; // closed by cut()
				}
				try {
					Socket server = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
					this.sockets.add(client);
					this.sockets.add(server);
					pipe(client, server);
					pipe(server, client);
				}
				catch (IOException ex) {
					closeQuietly(client); // the target refused: so does the proxy
				}
			}
		});
	}

	private void pipe(Socket from, Socket to) {
		Thread.ofVirtual().start(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// Either side closed.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
			}
		});
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

}
