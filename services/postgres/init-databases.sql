-- Runs once, when the PostgreSQL volume is first created: the ingestion and traces databases beside ada_backend.
CREATE DATABASE ada_ingestion;
CREATE DATABASE ada_traces;
