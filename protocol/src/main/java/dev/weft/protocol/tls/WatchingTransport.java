package dev.weft.protocol.tls;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.InternetProtocolFamily;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.impl.transports.NioTransport;
import io.vertx.core.impl.transports.TransportInternal;
import io.vertx.core.net.ClientOptionsBase;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * Vert.x's NIO transport, except that every accepted connection starts with a
 * {@link HandshakeWatch}: the only way to see TLS handshakes the clustered event bus's own server
 * refuses (Vert.x gives that server no exception handler), so that they are counted and logged as
 * the data channel's and the dashboard's are.
 */
public final class WatchingTransport implements Transport {

  /** The transport to build Vert.x instances with ({@code VertxBuilder.withTransport}); stateless. */
  public static final io.vertx.core.transport.Transport INSTANCE =
      new TransportInternal("nio", true, null, new WatchingTransport());

  private static final Transport NIO = NioTransport.INSTANCE;

  private WatchingTransport() {}

  /** A server socket channel whose accepted channels begin with a {@link HandshakeWatch}. */
  private static final class WatchedServerChannel extends NioServerSocketChannel {
    @Override
    protected int doReadMessages(List<Object> buf) throws Exception {
      int before = buf.size();
      int n = super.doReadMessages(buf);
      for (int i = before; i < buf.size(); i++) {
        if (buf.get(i) instanceof Channel child) {
          child.pipeline().addFirst(HandshakeWatch.INSTANCE);
        }
      }
      return n;
    }
  }

  @Override
  public ChannelFactory<? extends ServerChannel> serverChannelFactory(boolean domainSocket) {
    return domainSocket ? NIO.serverChannelFactory(true) : WatchedServerChannel::new;
  }

  @Override
  public boolean supportsDomainSockets() {
    return NIO.supportsDomainSockets();
  }

  @Override
  public boolean supportFileRegion() {
    return NIO.supportFileRegion();
  }

  @Override
  public boolean isAvailable() {
    return NIO.isAvailable();
  }

  @Override
  public Throwable unavailabilityCause() {
    return NIO.unavailabilityCause();
  }

  @Override
  public SocketAddress convert(io.vertx.core.net.SocketAddress address) {
    return NIO.convert(address);
  }

  @Override
  public io.vertx.core.net.SocketAddress convert(SocketAddress address) {
    return NIO.convert(address);
  }

  @Override
  public IoHandlerFactory ioHandlerFactory() {
    return NIO.ioHandlerFactory();
  }

  @Override
  public EventLoopGroup eventLoopGroup(int type, int nThreads, ThreadFactory threadFactory, int ioRatio) {
    return NIO.eventLoopGroup(type, nThreads, threadFactory, ioRatio);
  }

  @Override
  public DatagramChannel datagramChannel() {
    return NIO.datagramChannel();
  }

  @Override
  public DatagramChannel datagramChannel(InternetProtocolFamily family) {
    return NIO.datagramChannel(family);
  }

  @Override
  public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
    return NIO.channelFactory(domainSocket);
  }

  @Override
  public void configure(DatagramChannel channel, DatagramSocketOptions options) {
    NIO.configure(channel, options);
  }

  @Override
  public void configure(ClientOptionsBase options, int connectTimeout, boolean domainSocket, Bootstrap bootstrap) {
    NIO.configure(options, connectTimeout, domainSocket, bootstrap);
  }

  @Override
  public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
    NIO.configure(options, domainSocket, bootstrap);
  }
}
