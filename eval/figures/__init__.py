"""Figure faithfulness engine."""
