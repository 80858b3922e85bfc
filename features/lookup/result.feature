# language: vi
@ket_qua
Tính năng: Kết quả của hồ sơ đã giải quyết xong
  Màn hình tình trạng hồ sơ nói kết quả là gì, nhận ở đâu, từ ngày nào, và có mã QR mở bản điện tử.
  Đánh giá chỉ hỏi về thời gian giải quyết khi hồ sơ đã giải quyết xong.

  Bối cảnh:
    Biết người dân đã đăng nhập bằng thẻ căn cước
    Và người dân đã nộp một hồ sơ đăng ký thường trú

  Kịch bản: Hồ sơ đã giải quyết xong hiện kết quả và mã QR bản điện tử
    Biết hồ sơ đó đã được giải quyết xong
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Kết quả:"
    Và màn hình hiển thị "Nhận bản giấy tại Bộ phận Một cửa"
    Và mã QR trên màn hình mở bản điện tử của hồ sơ đó

  Kịch bản: Hồ sơ chưa xong chưa có kết quả
    Khi người dân chạm "Tra cứu hồ sơ"
    Và người dân chọn hồ sơ đó
    Thì màn hình hiển thị "Tình trạng hồ sơ"
    Và màn hình không hiển thị "Nhận bản giấy tại"

  Kịch bản: Đánh giá hồ sơ đã giải quyết xong hỏi về thời gian giải quyết
    Biết hồ sơ đó đã được giải quyết xong
    Khi người dân chạm "Đánh giá hài lòng"
    Và người dân chọn hồ sơ đó để đánh giá
    Thì màn hình hiển thị "Thời gian giải quyết so với thời hạn?"
    Và màn hình hiển thị "Câu 1/9"

  Kịch bản: Đánh giá hồ sơ đang xử lý không hỏi về thời gian giải quyết
    Biết hồ sơ đó đang được xử lý
    Khi người dân chạm "Đánh giá hài lòng"
    Và người dân chọn hồ sơ đó để đánh giá
    Thì màn hình hiển thị "Số lần phải liên hệ để hoàn thành?"
    Và màn hình hiển thị "Câu 1/7"
