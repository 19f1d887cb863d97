"""Read-only reports for staff: queries that load rows and hand them to domain
rules, never writing (except the progress summaries the dashboard repairs through
``services.progress_summary``), each in a fixed number of queries."""
