"""What every activity uses: the store, the activity registry, disclosure control, the import
pipeline, the facilitator page frame, exports, formatting and the shared widgets."""
