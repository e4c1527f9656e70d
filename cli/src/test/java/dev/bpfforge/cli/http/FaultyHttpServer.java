package dev.bpfforge.cli.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * A plain-socket HTTP/1.1 server whose answers a test writes byte by byte, so it can do what a
 * real network does and no HTTP library will: send half a body and close the connection. Each
 * connection serves one request; the request heads are kept for the test to inspect.
 */
final class FaultyHttpServer implements AutoCloseable {
  private final ServerSocket socket;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final Thread acceptor;

  /** {@code respond} gets the request number (from 0) and the connection's output stream. */
  FaultyHttpServer(BiConsumer<Integer, RawResponse> respond) throws IOException {
    socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket connection = socket.accept()) {
          String head = readHead(connection.getInputStream());
          int index = requests.size();
          requests.add(head);
          respond.accept(index, new RawResponse(connection.getOutputStream()));
        } catch (IOException | java.io.UncheckedIOException e) {
          // closed by the test, or the client hung up: both end this connection only
        }
      }
    }, "faulty-http");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  List<String> requests() {
    return requests;
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    for (int b; matched < 4 && (b = in.read()) >= 0; ) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Writes a status line, headers and body bytes as given; nothing is added or checked. */
  record RawResponse(OutputStream out) {
    void send(String statusAndHeaders, byte[] body, int bodyBytesToSend) {
      try {
        out.write((statusAndHeaders + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, bodyBytesToSend);
        out.flush();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
