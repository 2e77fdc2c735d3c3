// SPDX-License-Identifier: MIT
// (placeholder: filled in by the transport work)
