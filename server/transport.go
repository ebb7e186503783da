package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"sync/atomic"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// The JSON-RPC connection, in place of glsp's server package. glsp's loop
// is twenty lines around jsonrpc2; owning them lets us keep the lifecycle
// LSP states, which glsp cannot express:
//   - a request before initialize gets ServerNotInitialized (-32002), not
//     glsp's generic -32600, and a notification then is dropped;
//   - a second initialize is an invalid request and changes nothing;
//   - after "exit" the connection reads nothing more. jsonrpc2 v0.2.0 keeps
//     reading after Close, and an answer to one of our own requests
//     (workspace/configuration) that arrives right behind "exit" is then
//     delivered to a call Close already finished: "send on closed channel",
//     a panic in the reader goroutine that no recover of ours can catch.
//   - a notification whose params cannot be decoded (a document version
//     beyond LSP's 32-bit integers, say) is reported to the user instead of
//     vanishing into the log.
// Messages are still handled one at a time, in arrival order, on the
// reading goroutine, as with glsp.

// codeServerNotInitialized is LSP's error for a request before initialize.
const codeServerNotInitialized = -32002

// RunStdio serves LSP over stdin and stdout until the client sends "exit" or
// closes the connection (including on unreadable framing).
func (s *Server) RunStdio() error {
	routeLibraryLogs(s.log)
	s.log.Printf("policyls %s serving LSP on stdin and stdout", s.version)
	s.Serve(stdio{})
	s.log.Printf("connection closed; shutdown requested: %v", s.shutdown.Load())
	return nil
}

// Serve serves LSP over one stream until the client sends "exit" or the
// stream ends.
func (s *Server) Serve(stream io.ReadWriteCloser) {
	objects := &closingStream{ObjectStream: jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{})}
	conn := jsonrpc2.NewConn(context.Background(), objects, jsonrpc2.HandlerWithError(func(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
		return s.serveMessage(ctx, conn, objects, req)
	}), jsonrpc2.SetLogger(s.log))
	<-conn.DisconnectNotify()
}

// serveMessage handles one request or notification.
func (s *Server) serveMessage(ctx context.Context, conn *jsonrpc2.Conn, objects *closingStream, req *jsonrpc2.Request) (any, error) {
	gctx := &glsp.Context{
		Method: req.Method,
		Notify: func(method string, params any) {
			if err := conn.Notify(ctx, method, params); err != nil {
				s.log.Printf("sending %s: %v", method, err)
			}
		},
		Call: func(method string, params, result any) {
			if err := conn.Call(ctx, method, params, result); err != nil {
				s.log.Printf("asking the client %s: %v", method, err)
			}
		},
	}
	if req.Params != nil {
		gctx.Params = *req.Params
	}

	if req.Method == protocol.MethodExit {
		// Nothing is read after exit; see the comment at the top.
		objects.closed.Store(true)
		return nil, conn.Close()
	}
	if err := s.admit(req.Method, req.Notif); err != nil {
		if req.Notif {
			s.log.Printf("ignored %s: %s", req.Method, err.Message)
			return nil, nil
		}
		return nil, err
	}

	r, validMethod, validParams, err := s.Handle(gctx)
	switch {
	case !validMethod:
		if req.Notif {
			return nil, nil // LSP: unknown notifications are ignored
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		message := req.Method + ": invalid params"
		if err != nil {
			message += ": " + err.Error()
		}
		if req.Notif {
			s.reportInvalidNotification(gctx, req.Method, err)
			return nil, nil
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: message}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	if method := req.Method; method == protocol.MethodInitialize {
		s.initializeDone.Store(true)
	}
	return r, nil
}

// admit applies LSP's lifecycle to a message before it is handled: nothing
// but initialize before initialize, initialize only once, and no request
// after shutdown. It returns nil when the message may be handled.
func (s *Server) admit(method string, notification bool) *jsonrpc2.Error {
	switch {
	case !s.initializeDone.Load() && method != protocol.MethodInitialize:
		return &jsonrpc2.Error{Code: codeServerNotInitialized, Message: "server not initialized: send initialize first"}
	case s.initializeDone.Load() && method == protocol.MethodInitialize:
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "initialize may be sent only once"}
	case s.shutdown.Load() && !notification:
		return &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: "the server is shutting down: only exit is accepted"}
	}
	return nil
}

// reportInvalidNotification tells the user that a notification was not
// applied: a change the server silently dropped would leave its view of a
// document different from the editor's without anyone knowing.
func (s *Server) reportInvalidNotification(ctx *glsp.Context, method string, err error) {
	message := fmt.Sprintf("policyls ignored %s: its parameters are invalid", method)
	if v, ok := badVersion(ctx.Params); ok {
		message = fmt.Sprintf("policyls ignored %s: document version %s is not an LSP integer (-2147483648 to 2147483647)", method, v)
	} else if err != nil {
		message += " (" + err.Error() + ")"
	}
	s.log.Print(message)
	ctx.Notify(protocol.ServerWindowShowMessage, protocol.ShowMessageParams{Type: protocol.MessageTypeError, Message: message})
}

// closingStream stops reading once closed is set: jsonrpc2's reader then
// sees the end of the stream instead of a message buffered after exit.
type closingStream struct {
	jsonrpc2.ObjectStream
	closed atomic.Bool
}

func (c *closingStream) ReadObject(v any) error {
	if c.closed.Load() {
		return io.EOF
	}
	return c.ObjectStream.ReadObject(v)
}

// stdio is stdin and stdout as one stream.
type stdio struct{}

func (stdio) Read(p []byte) (int, error)  { return os.Stdin.Read(p) }
func (stdio) Write(p []byte) (int, error) { return os.Stdout.Write(p) }
func (stdio) Close() error {
	return errors.Join(os.Stdin.Close(), os.Stdout.Close())
}
