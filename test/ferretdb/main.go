// Command ferretdb-launcher runs an embedded FerretDB v1 (SQLite backend) on
// loopback for tests and CI. See README.md in this directory.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:27017", "TCP address to listen on (loopback only; port 0 picks a free port)")
	dir := flag.String("dir", "", "directory for the SQLite databases (created if missing; required)")
	logLevel := flag.String("log-level", "warn", "FerretDB log level: debug, info, warn or error")
	pgURL := flag.String("postgresql-url", "", "use FerretDB's PostgreSQL backend at this URL instead of SQLite (then -dir is unused)")
	flag.Parse()

	if err := run(*listen, *dir, *logLevel, *pgURL); err != nil {
		fmt.Fprintf(os.Stderr, "ferretdb-launcher: %v\n", err)
		os.Exit(1)
	}
}

func run(listen, dir, logLevel, pgURL string) error {
	if dir == "" && pgURL == "" {
		return fmt.Errorf("-dir is required")
	}

	host, _, err := net.SplitHostPort(listen)
	if err != nil {
		return fmt.Errorf("bad -listen %q: %w", listen, err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("refusing to listen on %q: only loopback addresses are allowed", listen)
	}

	var level slog.Level
	if err := level.UnmarshalText([]byte(logLevel)); err != nil {
		return fmt.Errorf("bad -log-level %q: %w", logLevel, err)
	}

	cfg := &ferretdb.Config{
		Listener: ferretdb.ListenerConfig{TCP: listen},
		Logger:   slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})),
		Handler:  "sqlite",
	}

	if pgURL != "" {
		cfg.Handler = "postgresql"
		cfg.PostgreSQLURL = pgURL
	} else {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fmt.Errorf("create -dir: %w", err)
		}
		cfg.SQLiteURL = "file:" + dir + "/"
	}

	f, err := ferretdb.New(cfg)
	if err != nil {
		return err
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	done := make(chan error, 1)
	go func() { done <- f.Run(ctx) }()

	// The listener is bound inside New; MongoDBURI reports the actual port
	// (useful with port 0). The accept loop is started by Run above.
	fmt.Println(f.MongoDBURI())

	return <-done
}
