"""vn-cdp: warehouse-native Customer Data Platform for Vietnamese omnichannel retailers."""
