# language: vi
Tính năng: Nộp hồ sơ trực tuyến có quét giấy tờ
  Người dân đã đăng nhập chọn thủ tục, điền tờ khai điện tử, quét giấy tờ qua khay nạp giấy
  và nộp; hồ sơ đến hệ thống tỉnh đúng một lần, kể cả khi mạng hoặc hệ thống gặp sự cố.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Khi người dân mở tờ khai "Đăng ký thường trú" sau khi tìm "thuong tru"
    Và người dân điền tờ khai

  @wire
  Kịch bản: Nộp hồ sơ đăng ký thường trú thành công
    Khi người dân quét đủ giấy tờ
    Và người dân chạm "Xác nhận và nộp hồ sơ"
    Thì ki-ốt ở màn hình biên nhận
    Và màn hình hiển thị "Nộp hồ sơ thành công"
    Và hệ thống tỉnh có đúng 1 hồ sơ của người dân

  @wire
  Kịch bản: Kẹt giấy trong khay nạp
    Biết khay nạp giấy sẽ kẹt ở tờ thứ 1
    Khi người dân quét giấy tờ "CT01"
    Thì ki-ốt ở màn hình lỗi
    Và màn hình hiển thị "kẹt"
    Khi người dân chạm "Quay lại"
    Và người dân quét giấy tờ "CT01"
    Thì ki-ốt ở màn hình quét giấy tờ
    Và màn hình hiển thị "Đã quét 1 trang"

  Kịch bản: Khay nạp giấy trống
    Biết khay nạp giấy không có tờ nào
    Khi người dân quét giấy tờ "CT01"
    Thì ki-ốt ở màn hình lỗi
    Và màn hình hiển thị "Chưa thực hiện được"

  @wire
  Kịch bản: Quét phải trang trắng
    Biết tờ tiếp theo trong khay nạp là một tờ giấy trắng
    Khi người dân quét giấy tờ "CT01"
    Thì màn hình hiển thị "Trang vừa quét có vẻ trống."
    Và màn hình hiển thị "Quét lại"

  Kịch bản: Hệ thống tỉnh ngừng hoạt động lúc nộp: hồ sơ được lưu và gửi sau
    Khi người dân quét đủ giấy tờ
    Và hệ thống tỉnh ngừng hoạt động
    Và người dân chạm "Xác nhận và nộp hồ sơ"
    Thì màn hình hiển thị "Hồ sơ đã được lưu"
    Khi hệ thống tỉnh hoạt động trở lại
    Và 60 giây trôi qua
    Và ki-ốt gửi lại các hồ sơ đang chờ
    Thì hệ thống tỉnh có đúng 1 hồ sơ của người dân

  Kịch bản: Hệ thống tỉnh ngừng hoạt động cả ngày, lâu hơn hạn đăng nhập: hồ sơ vẫn đến đúng một lần
    Khi người dân quét đủ giấy tờ
    Và hệ thống tỉnh ngừng hoạt động
    Và người dân chạm "Xác nhận và nộp hồ sơ"
    Thì màn hình hiển thị "Hồ sơ đã được lưu"
    Khi 24 giờ trôi qua
    Và hệ thống tỉnh hoạt động trở lại
    Và ki-ốt gửi lại các hồ sơ đang chờ
    Thì hệ thống tỉnh có đúng 1 hồ sơ của người dân
    Và ki-ốt không còn hồ sơ nào chờ gửi

  @wire
  Kịch bản: Mất câu trả lời sau khi hệ thống tỉnh đã nhận hồ sơ: hồ sơ vẫn chỉ có một
    Khi người dân quét đủ giấy tờ
    Và hệ thống tỉnh làm mất câu trả lời khi "nộp hồ sơ"
    Và người dân chạm "Xác nhận và nộp hồ sơ"
    Thì màn hình hiển thị "Hồ sơ đã được lưu"
    Và hệ thống tỉnh có đúng 1 hồ sơ của người dân
    Khi hệ thống tỉnh hoạt động trở lại
    Và 60 giây trôi qua
    Và ki-ốt gửi lại các hồ sơ đang chờ
    Thì hệ thống tỉnh có đúng 1 hồ sơ của người dân
    Và ki-ốt không còn hồ sơ nào chờ gửi
